Feature: Operation Encompass: a child's school told before the next school day
  As an officer at a domestic abuse incident
  I want to notify each child's school from the crime in a couple of minutes
  So that the designated safeguarding lead can support the child from the start of the school day

  Since the Victims and Prisoners Act 2024 this is a duty: the school's designated safeguarding lead
  (DSL) hears before the next school day, weekends and holidays included; for a child educated at
  home, the local authority hears instead.

  Background:
    Given Testshire Police notifies schools through Operation Encompass and writes into PoliceWorks
    And the schools' DSLs read their email on the force's mail server
    And PoliceWorks knows crime 06/123456/26

  Scenario: Two children at one school and one at another: two schools told, with PDFs
    Given I am signed in as an officer, PC 1234 Jones
    When I open crime 06/123456/26 and press "Notify schools (Operation Encompass)"
    And I fill in tonight's incident at 12 Example Road, Ashby in Northtown
    And I add Amira Example, born 14/05/2017, at "Ashby Primary School", who was asleep upstairs
    And I add another child, Bilal Example, born 02/09/2015, at "ashbey primary"
    And I add another child, Cara Example, born 01/01/2012, at "Southmere High"
    And I say the children were spoken to alone and write what they said
    And I press "Send to the schools"
    Then the DSL of Ashby Primary School receives one email with a PDF naming Amira Example and Bilal Example
    And the DSL of Southmere High School receives one email with a PDF naming Cara Example only
    And the crime's chronology shows both notifications, and so does PoliceWorks
    And the crime page shows the referral as delivered
    And a supervisor sees it delivered before the next school day in Northtown

  Scenario: A child educated at home is notified to the local authority
    Given I am signed in as an officer, PC 1234 Jones
    When I open crime 06/123456/26 and press "Notify schools (Operation Encompass)"
    And I fill in tonight's incident at 12 Example Road, Ashby in Northtown
    And I add Dev Example, born 03/03/2014, educated at home in Southmere City Council
    And I say the children were not spoken to
    And I press "Send to the schools"
    Then Southmere City Council's elective home education team receives one email with a PDF naming Dev Example

  Scenario: Mistakes are caught before anything is sent, and what I typed is kept
    Given I am signed in as an officer, PC 1234 Jones
    When I open crime 06/123456/26 and press "Notify schools (Operation Encompass)"
    And I fill in tonight's incident at 12 Example Road, Ashby in Northtown
    And I add Amira Example, born 14/05/2001, at "Southmere"
    And I press "Send to the schools"
    Then I am told "Child 1: date of birth: Operation Encompass is for children of 4 to 17 at school"
    And I am told "Child 1: school: Which school? Did you mean: Southmere"
    And I am told "The voice of the child: Say whether the children were spoken to"
    And the form still shows Amira Example
    And nothing has been sent to any school

  Scenario: A second notification on the same crime starts from the first
    Given I am signed in as an officer, PC 1234 Jones
    And a school was already notified about Amira Example on crime 06/123456/26
    When I open crime 06/123456/26 and press "Notify schools (Operation Encompass)"
    Then the form already holds the incident and Amira Example at Ashby Primary School
